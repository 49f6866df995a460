// Content script for chatgpt (see ../start.ts).
import { chatgptSite } from '../sites/chatgpt';
import { runChatCapture } from '../start';

runChatCapture(chatgptSite);
