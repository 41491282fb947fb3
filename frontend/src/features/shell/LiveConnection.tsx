import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { reportAuthLost } from "@/api/client";
import { useHoldings } from "@/features/holdings/api";
import { vaultStatusQuery } from "@/features/vault/api";
import { PriceAnnouncer } from "@/live/announcer";
import { LiveClient, type SessionCheck, liveUrl } from "@/live/client";
import { liveStore } from "@/live/store";

/** Runs `fn` once the browser is idle after the first paint (or after `timeout` ms). */
function whenIdle(fn: () => void, timeout = 2000): () => void {
  if (typeof window.requestIdleCallback === "function") {
    const id = window.requestIdleCallback(fn, { timeout });
    return () => window.cancelIdleCallback(id);
  }
  const id = window.setTimeout(fn, 200);
  return () => window.clearTimeout(id);
}

/**
 * Opens the live connection while signed in (this component renders only inside the
 * signed-in shell) once the page has painted, watches the held symbols, and announces price
 * changes politely (at most every 30 s) in a live region.
 */
export function LiveConnection() {
  const holdings = useHoldings();
  const queryClient = useQueryClient();
  const client = useRef<LiveClient | null>(null);
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    // After a failed handshake: is the server up, and are we still signed in? (The answer
    // also refreshes the vault gate, which shows the unlock form when signed out.)
    const checkSession = async (): Promise<SessionCheck> => {
      try {
        const status = await queryClient.fetchQuery({ ...vaultStatusQuery(), staleTime: 0, retry: false });
        return status.signed_in ? "signed-in" : "signed-out";
      } catch {
        return "unreachable";
      }
    };
    const live = new LiveClient(
      {
        onQuote: (m) => liveStore.putQuote(m),
        onPortfolio: (m) => liveStore.putPortfolio(m),
        onState: (s) => liveStore.setState(s),
        onAuthLost: () => reportAuthLost(401),
      },
      { url: liveUrl(), checkSession },
    );
    client.current = live;
    const online = () => live.setOnline(true);
    const offline = () => live.setOnline(false);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    const cancelStart = whenIdle(() => live.start());
    const announcer = new PriceAnnouncer(setAnnouncement);
    const stopAnnouncing = liveStore.onQuote((q) => announcer.push(q));
    return () => {
      cancelStart();
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      stopAnnouncing();
      announcer.dispose();
      live.stop();
      liveStore.reset();
      client.current = null;
    };
  }, [queryClient]);

  const symbols = (holdings.data?.positions ?? [])
    .filter((p) => p.asset_class !== "cash")
    .map((p) => p.symbol)
    .sort()
    .join(",");
  useEffect(() => {
    client.current?.watch(symbols ? symbols.split(",") : []);
  }, [symbols]);

  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only" data-testid="price-announcer">
      {announcement}
    </div>
  );
}
