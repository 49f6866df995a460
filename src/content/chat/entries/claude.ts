// Content script for claude (see ../start.ts).
import { claudeSite } from '../sites/claude';
import { runChatCapture } from '../start';

runChatCapture(claudeSite);
