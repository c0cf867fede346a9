import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DeliveryStatus } from "@/lib/notify/schemas";

const TONE: Record<DeliveryStatus, BadgeTone> = { pending: "info", failed: "warning", succeeded: "success", dead: "danger" };
export const DELIVERY_STATUS_LABEL: Record<DeliveryStatus, string> = {
  pending: "Pending",
  failed: "Retrying",
  succeeded: "Delivered",
  dead: "Gave up",
};
const TITLE: Record<DeliveryStatus, string> = {
  pending: "Not sent yet, or sent again on request",
  failed: "The last attempt failed; it will be tried again",
  succeeded: "The receiver answered 2xx",
  dead: "Failed 8 times over about a day; redeliver to try again",
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <Badge tone={TONE[status]} dot title={TITLE[status]}>
      {DELIVERY_STATUS_LABEL[status]}
    </Badge>
  );
}
