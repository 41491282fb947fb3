export function BrandMark({ className = "size-8" }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" className={className} aria-hidden="true">
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <path
        d="M16 6c-4.6 0-8 6.2-8 11.2C8 21.6 11.6 26 16 26s8-4.4 8-8.8C24 12.2 20.6 6 16 6Z"
        className="fill-primary-foreground"
      />
      <path d="M11.5 19.5l3-3 2.5 2 4-4.5" fill="none" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" className="stroke-primary" />
    </svg>
  );
}

export function Brand() {
  return (
    <span className="flex items-center gap-2 text-lg font-semibold tracking-tight">
      <BrandMark />
      Nestegg
    </span>
  );
}
