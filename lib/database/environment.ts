/**
 * The one environment a model is released to. Release rows and tenant pins carry it as a key
 * column so more environments can come later; until then every read and write names this one.
 */
export const RELEASE_ENVIRONMENT = "production";
