/** Page size of mailSessionHistory when neither first nor last is given. */
export const DEFAULT_HISTORY_PAGE = 20;
/** The largest page mailSessionHistory returns. */
export const MAX_HISTORY_PAGE = 100;
