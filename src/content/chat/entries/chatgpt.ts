// Content script for chatgpt (see ../start.ts): its Markdown is injected when an exchange is first read
// (../late-reader.ts), which keeps this script within its size budget.
import { lateReader } from '../late-reader';
import { chatgptSite } from '../sites/chatgpt';
import { runChatCapture } from '../start';

runChatCapture(chatgptSite, lateReader);
