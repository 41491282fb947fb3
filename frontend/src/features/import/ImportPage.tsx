import { Link } from "@tanstack/react-router";
import { AlertTriangle, CheckCircle2, FileUp, RotateCcw } from "lucide-react";
import { type DragEvent, useId, useRef, useState } from "react";
import { ApiError, type RowProblem, errorMessage } from "@/api/problem";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label, Textarea } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page";
import { Loading, Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";
import { formatInteger } from "@/lib/format";
import { type ImportSummary, useImport, usePreviewImport } from "./api";
import { isCsvName, readCsv } from "./csv";

const MAX_PREVIEW_ROWS = 500;

interface Chosen {
  file: File;
  text: string;
}

export default function ImportPage() {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState("");
  const [dragging, setDragging] = useState(false);
  const [done, setDone] = useState<ImportSummary | null>(null);
  const preview = usePreviewImport();
  const commit = useImport();
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();

  const check = async (file: File) => {
    const text = await file.text();
    setChosen({ file, text });
    setDraft(text);
    setEditing(false);
    setDone(null);
    commit.reset();
    preview.mutate(file);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void check(file);
  };

  const reset = () => {
    setChosen(null);
    setDone(null);
    setEditing(false);
    preview.reset();
    commit.reset();
    if (input.current) input.current.value = "";
  };

  const rowErrors = preview.error instanceof ApiError ? preview.error.rowErrors : [];
  const otherError = preview.isError && rowErrors.length === 0 ? preview.error : null;

  return (
    <>
      <PageHeader
        title="Import"
        description="Add transactions from a canonical Nestegg CSV or a broker's OFX/QFX statement. Every row is checked first; nothing is written until you confirm."
      />
      {done ? (
        <Card>
          <CardHeader>
            <div className="flex items-center gap-2">
              <CheckCircle2 aria-hidden="true" className="size-5 text-gain" />
              <CardTitle>Import complete</CardTitle>
            </div>
            <CardDescription>{done.file}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <Summary summary={done} final />
            <div className="flex flex-wrap gap-2">
              <Button asChild>
                <Link to="/holdings">See holdings</Link>
              </Button>
              <Button asChild variant="outline">
                <Link to="/transactions">See transactions</Link>
              </Button>
              <Button variant="ghost" onClick={reset}>
                Import another file
              </Button>
            </div>
          </CardContent>
        </Card>
      ) : (
        <div className="grid gap-4">
          <div
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="dropzone"
            className={cn(
              "flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed bg-card p-8 text-center transition-colors",
              dragging ? "border-primary bg-primary/5" : "border-border",
            )}
          >
            <FileUp aria-hidden="true" className="size-8 text-muted-foreground" />
            <p className="font-medium">Drop a CSV or OFX file here</p>
            <p className="text-sm text-muted-foreground">or</p>
            <Label
              htmlFor={inputId}
              className="inline-flex h-10 cursor-pointer items-center rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground shadow-sm hover:bg-primary/90 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-ring has-[:focus-visible]:ring-offset-2"
            >
              Choose a file
              <input
                ref={input}
                id={inputId}
                type="file"
                accept=".csv,.ofx,.qfx,text/csv,application/x-ofx"
                className="sr-only"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) void check(file);
                }}
              />
            </Label>
            <p className="text-xs text-muted-foreground">
              Columns: date, account, account_type, owner, action, symbol, quantity, price, amount, fees, lot, note.
            </p>
          </div>

          {chosen && (
            <Card aria-live="polite">
              <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
                <div className="grid gap-1">
                  <CardTitle>Preview of {chosen.file.name}</CardTitle>
                  <CardDescription>Checked against your ledger; nothing has been written yet.</CardDescription>
                </div>
                <Button variant="ghost" size="sm" onClick={reset}>
                  <RotateCcw aria-hidden="true" /> Start over
                </Button>
              </CardHeader>
              <CardContent className="grid gap-4">
                {preview.isPending && (
                  <Loading label="Checking the file" className="grid gap-2">
                    <Skeleton className="h-6 w-64" />
                    <Skeleton className="h-40" />
                  </Loading>
                )}
                {otherError && <Alert title="The file could not be checked">{errorMessage(otherError)}</Alert>}
                {rowErrors.length > 0 && (
                  <Alert
                    title={`${formatInteger(rowErrors.length)} ${rowErrors.length === 1 ? "problem" : "problems"} found: nothing will be imported until ${rowErrors.length === 1 ? "it is" : "they are"} fixed`}
                  >
                    Rows with a problem are marked below. Fix the file and choose it again, or edit it here.
                  </Alert>
                )}
                {preview.isSuccess && (
                  <>
                    <Summary summary={preview.data} />
                    {commit.isError && <Alert title="The import failed">{errorMessage(commit.error)}</Alert>}
                    <div className="flex flex-wrap gap-2">
                      <Button
                        onClick={() => commit.mutate(chosen.file, { onSuccess: setDone })}
                        disabled={commit.isPending || preview.data.imported === 0}
                      >
                        {commit.isPending ? "Importing…" : `Import ${formatInteger(preview.data.imported)} transactions`}
                      </Button>
                      <Button variant="outline" onClick={reset}>
                        Cancel
                      </Button>
                    </div>
                  </>
                )}
                {rowErrors.length > 0 && (
                  <div className="flex flex-wrap gap-2">
                    <Button variant="outline" aria-pressed={editing} onClick={() => setEditing((v) => !v)}>
                      {editing ? "Hide the editor" : "Fix it here"}
                    </Button>
                  </div>
                )}
                {editing && (
                  <div className="grid gap-2">
                    <Label htmlFor="import-editor">Contents of {chosen.file.name}</Label>
                    <Textarea
                      id="import-editor"
                      rows={12}
                      spellCheck={false}
                      className="font-mono text-xs"
                      value={draft}
                      onChange={(e) => setDraft(e.target.value)}
                    />
                    <div>
                      <Button onClick={() => void check(new File([draft], chosen.file.name, { type: chosen.file.type || "text/csv" }))}>
                        Check again
                      </Button>
                    </div>
                  </div>
                )}
                {!preview.isPending && <FilePreview chosen={chosen} errors={rowErrors} />}
              </CardContent>
            </Card>
          )}
        </div>
      )}
    </>
  );
}

function Summary({ summary, final = false }: { summary: ImportSummary; final?: boolean }) {
  const items: [string, string][] = [
    ["Rows read", formatInteger(summary.rows)],
    [final ? "Imported" : "To import", formatInteger(summary.imported)],
    ["Duplicates skipped", formatInteger(summary.duplicates)],
    ["New accounts", summary.accounts_created.length ? summary.accounts_created.join(", ") : "none"],
  ];
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid={final ? "import-result" : "import-summary"}>
      {items.map(([term, value]) => (
        <div key={term} className="rounded-md border border-border p-3">
          <dt className="text-xs text-muted-foreground">{term}</dt>
          <dd className="font-semibold tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function FilePreview({ chosen, errors }: { chosen: Chosen; errors: RowProblem[] }) {
  const byLine = new Map<number, RowProblem[]>();
  for (const e of errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e]);
  const fileErrors = errors.filter((e) => e.line <= 0);

  if (!isCsvName(chosen.file.name)) {
    const lines = chosen.text.split(/\r?\n/);
    return errors.length ? (
      <ul className="grid gap-2 text-sm">
        {errors.map((e, i) => (
          <li key={i} className="rounded-md border border-destructive/40 bg-destructive/5 p-2">
            <span className="font-medium">Line {e.line}</span>, {e.field}: {e.message}
            {e.line > 0 && lines[e.line - 1] && <code className="mt-1 block truncate text-xs text-muted-foreground">{lines[e.line - 1]?.trim()}</code>}
          </li>
        ))}
      </ul>
    ) : null;
  }

  const records = readCsv(chosen.text);
  const [header, ...rows] = records;
  if (!header) return <p className="text-sm text-muted-foreground">The file is empty.</p>;
  const shown = rows.filter((r, i) => i < MAX_PREVIEW_ROWS || byLine.has(r.line));
  const columns = header.cells;
  return (
    <div className="grid gap-2">
      {fileErrors.map((e, i) => (
        <Alert key={i} title={`${e.field}: ${e.message}`} />
      ))}
      <div className="relative max-h-[28rem] overflow-auto rounded-md border border-border" tabIndex={0} role="region" aria-label="File preview">
        <table className="w-full min-w-[900px] text-xs">
          <caption className="sr-only">
            Rows of {chosen.file.name}; rows with a problem are marked “Problem”
          </caption>
          <thead className="sticky top-0 bg-muted text-muted-foreground">
            <tr>
              <th scope="col" className="px-2 py-1.5 text-right font-medium">Line</th>
              <th scope="col" className="px-2 py-1.5 text-left font-medium">Status</th>
              {columns.map((c, i) => (
                <th key={`${c}-${i}`} scope="col" className="px-2 py-1.5 text-left font-medium">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => {
              const problems = byLine.get(row.line);
              const badFields = new Set(problems?.map((p) => p.field));
              return (
                <PreviewRow key={row.line} line={row.line} cells={row.cells} columns={columns} problems={problems} badFields={badFields} />
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.length > shown.length && (
        <p className="text-xs text-muted-foreground">
          Showing the first {formatInteger(MAX_PREVIEW_ROWS)} of {formatInteger(rows.length)} rows, and every row with a problem.
        </p>
      )}
    </div>
  );
}

function PreviewRow({
  line,
  cells,
  columns,
  problems,
  badFields,
}: {
  line: number;
  cells: string[];
  columns: string[];
  problems: RowProblem[] | undefined;
  badFields: Set<string>;
}) {
  return (
    <>
      <tr
        data-line={line}
        data-invalid={problems ? "true" : undefined}
        className={cn("border-t border-border/60", problems && "bg-destructive/10")}
      >
        <td className={cn("px-2 py-1 text-right tabular-nums", problems && "border-l-4 border-l-destructive")}>{line}</td>
        <td className="px-2 py-1">
          {problems ? (
            <Badge tone="danger">
              <AlertTriangle aria-hidden="true" className="size-3" /> Problem
            </Badge>
          ) : (
            <span className="text-muted-foreground">OK</span>
          )}
        </td>
        {columns.map((column, i) => (
          <td
            key={i}
            className={cn(
              "max-w-[12rem] truncate px-2 py-1",
              badFields.has(column) && "font-semibold text-destructive-text underline decoration-wavy decoration-destructive",
            )}
          >
            {cells[i] ?? ""}
          </td>
        ))}
      </tr>
      {problems && (
        <tr className="bg-destructive/10">
          <td />
          <td colSpan={columns.length + 1} className="px-2 pb-2 text-destructive-text">
            <ul>
              {problems.map((p, i) => (
                <li key={i}>
                  Line {line}, <strong>{p.field}</strong>: {p.message}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      )}
    </>
  );
}
