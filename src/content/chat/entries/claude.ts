// Content script for claude (see ../start.ts): it reads finished exchanges itself.
import { exchangeAt } from '../exchange';
import { claudeSite } from '../sites/claude';
import { runChatCapture } from '../start';

runChatCapture(claudeSite, exchangeAt);
