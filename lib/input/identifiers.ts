/** The identifiers every feature names a model by, validated once. */
import { z } from "zod";

export const modelKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/, {
    error: "The model key must be 2–64 lower-case letters, digits or dashes, starting and ending with a letter or digit.",
  })
  .meta({ description: "Model key (slug).", example: "fraud-scoring" });
