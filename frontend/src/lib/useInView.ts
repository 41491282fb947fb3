import { useEffect, useRef, useState } from "react";

/**
 * True once the element has come near the viewport and the browser is idle: heavy,
 * below-the-fold widgets (charts) then render without delaying the first paint.
 */
export function useInView<T extends Element>(rootMargin = "0px"): [React.RefObject<T | null>, boolean] {
  const ref = useRef<T>(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    if (typeof IntersectionObserver === "undefined") {
      setSeen(true);
      return;
    }
    let idle: number | undefined;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          const show = () => setSeen(true);
          if ("requestIdleCallback" in window) idle = window.requestIdleCallback(show, { timeout: 1500 });
          else idle = globalThis.setTimeout(show, 1) as unknown as number;
        }
      },
      { rootMargin },
    );
    observer.observe(element);
    return () => {
      observer.disconnect();
      if (idle !== undefined) {
        if ("cancelIdleCallback" in window) window.cancelIdleCallback(idle);
        else globalThis.clearTimeout(idle);
      }
    };
  }, [seen, rootMargin]);
  return [ref, seen];
}
