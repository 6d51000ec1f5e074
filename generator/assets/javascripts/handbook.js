/* Card tools and the call-prep finder. */
