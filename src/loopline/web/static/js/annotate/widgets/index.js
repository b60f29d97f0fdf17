// One module per question type; each builds {el, help, onKey, value, state}.
import * as chat from "./chat.js";
import * as label from "./label.js";
import * as pairwise from "./pairwise.js";
import * as ranking from "./ranking.js";
import * as rating from "./rating.js";
import * as spans from "./spans.js";
import * as text from "./text.js";
import * as turns from "./turns.js";

export const WIDGETS = { chat, label, pairwise, ranking, rating, spans, text, turns };

/** Question types that show the conversation themselves (the record panel then does not). */
export const SHOWS_THREAD = new Set(["turns", "chat"]);
