import { useEffect, useRef } from "react";

const EVENTS = ["pointerdown", "keydown", "wheel", "touchstart", "pointermove"] as const;

/**
 * Calls `onIdle` once after `minutes` without user input in this tab (the server also locks
 * the vault after its own idle time; this makes the screen follow). 0 or less: never.
 */
export function useIdleTimer(minutes: number, onIdle: () => void): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;
  useEffect(() => {
    if (!(minutes > 0)) return;
    const limit = minutes * 60_000;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const event of EVENTS) window.addEventListener(event, touch, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last >= limit) {
        last = Date.now();
        callback.current();
      }
    }, 15_000);
    return () => {
      for (const event of EVENTS) window.removeEventListener(event, touch);
      window.clearInterval(timer);
    };
  }, [minutes]);
}
