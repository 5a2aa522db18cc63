/* Between the mock port space and its ready device models. */
#ifndef PORTIO_MOCK_H
#define PORTIO_MOCK_H

/* Frees every parallel-port model; the mock's reset calls it. */
void portio_mock_lpt_release_all(void);

#endif
