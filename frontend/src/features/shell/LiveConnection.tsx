import { useEffect, useRef, useState } from "react";
import { useHoldings } from "@/features/holdings/api";
import { PriceAnnouncer } from "@/live/announcer";
import { LiveClient, liveUrl } from "@/live/client";
import { liveStore } from "@/live/store";

/**
 * Opens the live connection while signed in, watches the held symbols, and announces price
 * changes politely (at most every 30 s) in a live region.
 */
export function LiveConnection() {
  const holdings = useHoldings();
  const client = useRef<LiveClient | null>(null);
  const [announcement, setAnnouncement] = useState("");

  useEffect(() => {
    const live = new LiveClient(
      {
        onQuote: (m) => liveStore.putQuote(m),
        onPortfolio: (m) => liveStore.putPortfolio(m),
        onState: (s) => liveStore.setState(s),
      },
      { url: liveUrl() },
    );
    client.current = live;
    const online = () => live.setOnline(true);
    const offline = () => live.setOnline(false);
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    live.start();
    const announcer = new PriceAnnouncer(setAnnouncement);
    const stopAnnouncing = liveStore.onQuote((q) => announcer.push(q));
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      stopAnnouncing();
      announcer.dispose();
      live.stop();
      liveStore.reset();
      client.current = null;
    };
  }, []);

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
