import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";
import { setLocale } from "@/lib/format";

setLocale("en-US");
afterEach(() => cleanup());
