/* SPDX-License-Identifier: MIT */
/* Between the mock port space and its ready device models. */
#ifndef PORTIO_MOCK_H
#define PORTIO_MOCK_H

/* Frees every parallel-port model; the mock's reset calls it. */
void portio_mock_lpt_release_all(void);

/* The mock's lock, under which device callbacks run: a model's functions
 * that tests call take it to see and change the model's state between
 * accesses. Not from a device callback, which already holds it. */
void portio_mock_lock(void);
void portio_mock_unlock(void);

#endif
