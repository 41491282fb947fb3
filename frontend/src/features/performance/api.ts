import { useQuery } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "@/api/client";

export type ValueHistory = Schemas["HistoryRead"];
export type ValuePoint = Schemas["ValuePointRead"];

/** The benchmark the dashboard compares with (total return, dividends reinvested). */
export const BENCHMARK = "VTI";

/**
 * The household's daily value, net contributions and the benchmark line, whole history
 * (about 250 points a year): the range buttons slice it in the browser, so switching ranges
 * costs no request. Ledger changes invalidate it with the rest ("performance").
 */
export function valueHistoryQuery(benchmark: string = BENCHMARK) {
  return {
    queryKey: ["performance", "history", { benchmark }],
    queryFn: () => unwrap(api.GET("/api/v1/performance/history", { params: { query: { benchmark } } })),
    staleTime: 5 * 60_000,
  };
}

export function useValueHistory(enabled: boolean, benchmark: string = BENCHMARK) {
  return useQuery({ ...valueHistoryQuery(benchmark), enabled });
}

/** The ISO date `days` before `iso` (UTC, no time-zone shift). */
export function isoDaysBefore(iso: string, days: number): string {
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}
