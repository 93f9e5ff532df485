/*
 * The JSON form of a measure-2 enforcement case (app/enforcement.h), one shape for
 * `greenlane enforcement show --json` and GET /api/v1/enforcement/{id}: the case number, the
 * party, the violation, the circumstances, the order to correct, the verification, the system's
 * proposal with its explanation, and the outcome decided.
 */
#ifndef GL_ENFORCEMENT_JSON_H
#define GL_ENFORCEMENT_JSON_H

#include <jansson.h>

#include "../app/enforcement.h"

/* A new object (the caller owns it), or NULL when out of memory. */
json_t *enforcement_json(const struct enforcement_record *r);

#endif
