import { ErrorAlert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Change } from "@/components/ui/change";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { Loading, Skeleton } from "@/components/ui/skeleton";
import { formatDate, formatInteger, formatMoney, formatQuantity } from "@/lib/format";
import { type Lot, useLots } from "./api";
import { type LivePosition, positionKey } from "./valuation";

function TermBadge({ lot }: { lot: Lot }) {
  if (lot.term === "long") return <Badge tone="info">Long-term</Badge>;
  const days = lot.days_until_long_term;
  return (
    <span className="inline-flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
      <Badge tone="warning">Short-term</Badge>
      {days > 0 && (
        <span className="text-xs text-muted-foreground">
          long-term in {formatInteger(days)} {days === 1 ? "day" : "days"}
        </span>
      )}
    </span>
  );
}

/**
 * The open lots of one position: acquired date, holding term, basis, value and gain. The
 * term and the days until a lot turns long-term are the server's (as of today).
 */
export default function LotsDialog({
  position,
  accountId,
  onClose,
}: {
  position: LivePosition | null;
  accountId: number | undefined;
  onClose: () => void;
}) {
  const open = position !== null;
  const lots = useLots(accountId, open);
  const holding = lots.data?.positions.find((h) => position && positionKey(h) === position.key);
  return (
    <Dialog open={open} onOpenChange={(next) => !next && onClose()}>
      {position && (
        <DialogContent
          wide
          title={`${position.holding.symbol} lots in ${position.holding.account}`}
          description={`${position.holding.name}. Term as of today: a lot is long-term once held more than one year.`}
        >
          {lots.isError ? (
            <ErrorAlert title="The lots could not be loaded" error={lots.error} onRetry={() => void lots.refetch()} />
          ) : !lots.data ? (
            <Loading label="Loading lots" className="grid gap-2">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} className="h-8" />
              ))}
            </Loading>
          ) : !holding?.lots?.length ? (
            <p className="text-sm text-muted-foreground">This position has no open lots.</p>
          ) : (
            <div className="relative overflow-x-auto" tabIndex={0} role="region" aria-label="Lots table">
              <table className="w-full min-w-[640px] text-sm">
                <caption className="sr-only">Open lots of {position.holding.symbol}</caption>
                <thead className="sticky top-0 bg-card text-xs text-muted-foreground">
                  <tr>
                    <th scope="col" className="px-2 py-2 text-left font-medium">Acquired</th>
                    <th scope="col" className="px-2 py-2 text-left font-medium">Term</th>
                    <th scope="col" className="px-2 py-2 text-right font-medium">Quantity</th>
                    <th scope="col" className="px-2 py-2 text-right font-medium">Cost basis</th>
                    <th scope="col" className="px-2 py-2 text-right font-medium">Market value</th>
                    <th scope="col" className="px-2 py-2 text-right font-medium">Gain</th>
                  </tr>
                </thead>
                <tbody>
                  {holding.lots.map((lot, i) => {
                    return (
                      <tr key={`${lot.acquired_date}-${i}`} className="border-t border-border/60" data-term={lot.term}>
                        <td className="px-2 py-1.5">
                          {formatDate(lot.acquired_date)}
                          {lot.label && <span className="ml-1 text-xs text-muted-foreground">({lot.label})</span>}
                        </td>
                        <td className="px-2 py-1.5">
                          <TermBadge lot={lot} />
                        </td>
                        <td className="px-2 py-1.5 text-right tabular-nums">{formatQuantity(lot.quantity)}</td>
                        <td className="px-2 py-1.5 text-right tabular-nums">{formatMoney(lot.cost_basis)}</td>
                        <td className="px-2 py-1.5 text-right tabular-nums">{lot.market_value ? formatMoney(lot.market_value) : "—"}</td>
                        <td className="px-2 py-1.5 text-right">
                          <Change value={lot.unrealized_gain} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </DialogContent>
      )}
    </Dialog>
  );
}
