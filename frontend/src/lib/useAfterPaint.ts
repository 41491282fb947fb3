import { startTransition, useEffect, useState } from "react";

/**
 * False for the first render, then true in a transition: what is below the fold renders after
 * the first frame has painted, in small slices that leave the page responsive, instead of in
 * one long task before anything shows.
 */
export function useAfterPaint(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    startTransition(() => setReady(true));
  }, []);
  return ready;
}
