import { Link, useRouterState } from "@tanstack/react-router";
import { Lock, Search } from "lucide-react";
import { type ReactNode, Suspense, lazy, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { useLock, useVaultStatus } from "@/features/vault/api";
import { Brand } from "@/features/vault/Brand";
import { useIdleTimer } from "@/features/vault/idle";
import { cn } from "@/lib/cn";
import { ConnectionStatus } from "./ConnectionStatus";
import { LiveConnection } from "./LiveConnection";
import { NAV } from "./nav";
import { ThemeToggle } from "./ThemeToggle";

const SearchDialog = lazy(() => import("./SearchDialog"));

/** Used only until the vault's status says otherwise (`auto_lock_minutes`). */
const DEFAULT_AUTO_LOCK_MINUTES = 15;

function NavLinks({ compact = false }: { compact?: boolean }) {
  return (
    <>
      {NAV.filter((item) => !compact || item.mobile).map(({ to, label, icon: Icon }) => (
        <Link
          key={to}
          to={to}
          activeOptions={{ exact: to === "/" }}
          className={cn(
            "group flex items-center rounded-md font-medium text-muted-foreground transition-colors hover:text-foreground",
            "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
            "data-[status=active]:text-primary",
            compact
              ? "min-w-0 flex-1 flex-col gap-0.5 px-1 py-1.5 text-[11px]"
              : "gap-3 px-3 py-2 text-sm hover:bg-muted data-[status=active]:bg-primary/10",
          )}
        >
          <Icon aria-hidden="true" className={compact ? "size-5" : "size-4"} />
          <span className="truncate">{label}</span>
        </Link>
      ))}
    </>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const lock = useLock();
  const [searchOpen, setSearchOpen] = useState(false);
  const [searchLoaded, setSearchLoaded] = useState(false);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  // The server's idle limit: this tab locks after the same time without input.
  const autoLockMinutes = useVaultStatus().data?.auto_lock_minutes ?? DEFAULT_AUTO_LOCK_MINUTES;

  useIdleTimer(autoLockMinutes, () => lock.mutate());

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setSearchLoaded(true);
        setSearchOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // Move focus to the page after client-side navigation, so screen readers start there.
  useEffect(() => {
    const main = document.getElementById("main");
    if (main && document.activeElement && document.activeElement !== document.body) {
      const inNav = document.activeElement.closest("nav");
      if (inNav) main.focus({ preventScroll: true });
    }
  }, [pathname]);

  const openSearch = () => {
    setSearchLoaded(true);
    setSearchOpen(true);
  };

  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_minmax(0,1fr)]">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-card px-3 py-2 focus:not-sr-only focus:fixed focus:left-2 focus:top-2"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 hidden h-dvh flex-col gap-6 border-r border-border bg-card p-4 md:flex">
        <Link to="/" className="rounded-md focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring" aria-label="Nestegg home">
          <Brand />
        </Link>
        <nav aria-label="Main" className="grid gap-1">
          <NavLinks />
        </nav>
        <div className="mt-auto grid gap-3">
          <ConnectionStatus />
          <p className="text-xs text-muted-foreground">
            {autoLockMinutes > 0
              ? `Auto-locks after ${autoLockMinutes} ${autoLockMinutes === 1 ? "minute" : "minutes"} idle.`
              : "Auto-lock is off."}
          </p>
        </div>
      </aside>
      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-border bg-card/95 px-3 backdrop-blur sm:px-6">
          <Link to="/" className="rounded-md md:hidden" aria-label="Nestegg home">
            <Brand />
          </Link>
          <Button
            variant="outline"
            className="ml-auto h-9 justify-start gap-2 text-muted-foreground md:ml-0 md:w-80"
            onClick={openSearch}
            aria-haspopup="dialog"
            aria-keyshortcuts="Control+K Meta+K"
          >
            <Search aria-hidden="true" />
            <span className="hidden sm:inline">Search symbols and accounts</span>
            <span className="sr-only sm:hidden">Search</span>
            <kbd className="ml-auto hidden rounded border border-border px-1.5 text-[10px] lg:inline">Ctrl K</kbd>
          </Button>
          <ConnectionStatus className="ml-auto hidden sm:inline-flex md:hidden" />
          <div className="flex items-center gap-1 md:ml-auto">
            <ThemeToggle />
            <Button variant="ghost" size="icon" aria-label="Lock Nestegg" title="Lock" onClick={() => lock.mutate()}>
              <Lock aria-hidden="true" />
            </Button>
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-3 py-4 pb-24 outline-none sm:px-6 sm:py-6 md:pb-8">
          {children}
        </main>
      </div>
      <nav
        aria-label="Main"
        className="fixed inset-x-0 bottom-0 z-40 flex border-t border-border bg-card/95 px-1 pb-[env(safe-area-inset-bottom)] backdrop-blur md:hidden"
      >
        <NavLinks compact />
      </nav>
      <LiveConnection />
      {searchLoaded && (
        <Suspense fallback={null}>
          <SearchDialog open={searchOpen} onOpenChange={setSearchOpen} />
        </Suspense>
      )}
    </div>
  );
}
