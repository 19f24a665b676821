// The labelled inquiries (test/fixtures/intents/) and what each is for. The
// trained reader learns from the training sets; cross-validation over them
// gives its figure per intent. The untouched sets are never trained or tuned
// on: each was committed before the model that reads it was trained, and only
// scored. A set that prompts a change moves to the training sets, and a fresh
// untouched one is written before the next change.

/** Folders under test/fixtures/intents/ ('.' is the development set the keyword cues were written beside). */
export const TRAINING_SETS = ['.', 'held-out', 'held-out-2', 'held-out-3', 'held-out-4', 'training'] as const;

/**
 * Written by others (held-out-5), before training (held-out-6), before the reader's second round
 * of changes (held-out-7, whose misses were then seen), after seeing those misses but before any
 * change (held-out-8), and after every earlier set's misses were seen but before the third round
 * of changes (held-out-9, the one no change could have been fitted to); scored only.
 */
export const UNTOUCHED_SETS = ['held-out-5', 'held-out-6', 'held-out-7', 'held-out-8', 'held-out-9'] as const;
