"use client";
import type { ComponentProps } from "react";
import { Dialog } from "@/components/ui/dialog";

/** The release pages' dialogs: wide enough for a reason field and a preview of the move. */
export function Modal(props: Omit<ComponentProps<typeof Dialog>, "size">) {
  return <Dialog {...props} size="lg" />;
}
