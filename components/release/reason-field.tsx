export { TextAreaField as ReasonField } from "@/components/ui/field";
