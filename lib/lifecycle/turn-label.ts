import type { Turn } from "./whose-turn";

/** What each line of the queue says about the viewer's part in it. */
export const TURN_LABEL: Record<Turn["kind"] | Extract<Turn, { kind: "others" }>["why"], string> = {
  you: "Waiting for you",
  others: "Waiting for others",
  "no-permission": "Approvers and admins decide",
  registrant: "You registered it",
  decided: "You decided",
  dependent: "Not independent of its registrant",
  "not-named": "Needs other reviewers",
};
