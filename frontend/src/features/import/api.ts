import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas, unwrap } from "@/api/client";
import { invalidateLedger } from "@/features/accounts/api";

export type ImportSummary = Schemas["ImportRead"];

function upload(file: File, dryRun: boolean) {
  return unwrap(
    api.POST("/api/v1/imports", {
      params: { query: { dry_run: dryRun } },
      // The generated type says "binary string"; the browser sends the File as multipart.
      body: { file: file as unknown as string },
      bodySerializer: () => {
        const form = new FormData();
        form.append("file", file, file.name);
        return form;
      },
    }),
  );
}

export function usePreviewImport() {
  return useMutation({ mutationFn: (file: File) => upload(file, true) });
}

export function useImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => upload(file, false),
    onSuccess: () => invalidateLedger(client),
  });
}
