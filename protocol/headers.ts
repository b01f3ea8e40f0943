/** Header names of the widget API and the sessions API, written once for the server and the widget. */

/** The visitor token the server issued at bootstrap, sent on every later widget request. */
export const VISITOR_HEADER = "X-Clawless-Visitor";

/** On a streamed answer: the turn's id (the visitor message's id), what a resume names. */
export const TURN_HEADER = "X-Clawless-Turn";

/** The sessions API's session a chat completion belongs to. */
export const SESSION_HEADER = "X-Clawless-Session";

/** Standard SSE resume header: the last event id the client saw. */
export const LAST_EVENT_ID_HEADER = "Last-Event-ID";
