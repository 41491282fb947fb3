import { ArrowLeftRight, FileUp, LayoutDashboard, type LucideIcon, PieChart, WalletCards } from "lucide-react";

export interface NavItem {
  to: "/" | "/accounts" | "/holdings" | "/transactions" | "/import";
  label: string;
  icon: LucideIcon;
  /** Shown in the mobile bottom bar (at most five). */
  mobile: boolean;
}

/** The pages in the navigation; a new page adds its route in router.tsx and one line here. */
export const NAV: readonly NavItem[] = [
  { to: "/", label: "Dashboard", icon: LayoutDashboard, mobile: true },
  { to: "/accounts", label: "Accounts", icon: WalletCards, mobile: true },
  { to: "/holdings", label: "Holdings", icon: PieChart, mobile: true },
  { to: "/transactions", label: "Transactions", icon: ArrowLeftRight, mobile: true },
  { to: "/import", label: "Import", icon: FileUp, mobile: true },
];
