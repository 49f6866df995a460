// Content script for gemini (see ../start.ts): it reads finished exchanges itself.
import { exchangeAt } from '../exchange';
import { geminiSite } from '../sites/gemini';
import { runChatCapture } from '../start';

runChatCapture(geminiSite, exchangeAt);
