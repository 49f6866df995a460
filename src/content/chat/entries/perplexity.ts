// Content script for perplexity (see ../start.ts).
import { perplexitySite } from '../sites/perplexity';
import { runChatCapture } from '../start';

runChatCapture(perplexitySite);
