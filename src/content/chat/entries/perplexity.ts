// Content script for perplexity (see ../start.ts): it reads finished exchanges itself.
import { exchangeAt } from '../exchange';
import { perplexitySite } from '../sites/perplexity';
import { runChatCapture } from '../start';

runChatCapture(perplexitySite, exchangeAt);
