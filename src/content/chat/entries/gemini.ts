// Content script for gemini (see ../start.ts).
import { geminiSite } from '../sites/gemini';
import { runChatCapture } from '../start';

runChatCapture(geminiSite);
