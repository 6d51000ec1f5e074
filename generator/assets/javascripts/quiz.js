/* Interactive quizzes and the pre-call drill. */
