// Evaluation: sources arrive in this session's increments.
