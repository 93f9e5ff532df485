/*
 * The unified social credit code (统一社会信用代码, USCC) of GB 32100-2015: 18 characters from the
 * 31-character alphabet 0123456789ABCDEFGHJKLMNPQRTUWXY (no I, O, Z, S, V), laid out as
 *
 *   1      registration authority code (登记管理部门代码), e.g. 9 for market regulation
 *   2      organization type (机构类别代码), e.g. 1 for an enterprise
 *   3-8    division code (登记管理机关行政区划码), 6 digits, e.g. 130131 Pingshan
 *   9-17   organization code (主体标识码) of GB 11714: 8 characters and its own check character
 *   18     check character over the first 17 (校验码)
 *
 * Codes are upper case; a lower-case code is refused rather than silently changed, so that the
 * registry holds one spelling of each code. Pure functions, no state.
 */
#ifndef GL_USCC_H
#define GL_USCC_H

#include <stdbool.h>
#include <stdint.h>

#include "gl.h"

#define GL_USCC_LEN 18

/*
 * The check character (position 18) for the first 17 characters of a code: the weighted sum of
 * their alphabet values with weights 3^(i) mod 31, subtracted from 31. Returns 0 when first17 is
 * shorter than 17 characters or one of them is not in the alphabet.
 */
char uscc_check_char(const char *first17);

/*
 * The GB 11714 check character of an organization code's first 8 characters (0-9, A-Z): weights
 * 3,7,9,10,5,8,4,2, modulus 11; '0'-'9' or 'X'. Returns 0 when a character is not allowed.
 */
char uscc_org_check_char(const char *first8);

/*
 * Whether s is a valid USCC. On false, fills err (may be NULL) with GL_EINVAL, field "uscc" and a
 * message naming what is wrong: length, a character outside the alphabet (and where), the division
 * code, the organization code's check character, or the code's check character (and the one
 * expected).
 */
bool uscc_is_valid(const char *s, struct gl_error *err);

/*
 * Copies the 6-digit division code (positions 3-8) of a valid code into out. Returns false (out
 * untouched) when s is not a valid USCC.
 */
bool uscc_division_code(const char *s, char out[static 7]);

/*
 * A valid code in 12 bytes instead of 19: the alphabet values (0-30) of its first 17 characters in
 * five bits each (the 18th follows from them), leaving the low USCC_KEY_TAG_BITS bits of w[2] to a
 * caller's tag (a year, say), so that two keys are equal exactly when their codes and tags are.
 * Ordered by uscc_key_cmp, which is not the codes' text order. uscc_key_of is false (out
 * untouched) when s is not 18 characters of the alphabet ending in their check character, or tag
 * does not fit (the other rules of uscc_is_valid are not checked again); uscc_key_text writes the
 * code back and gives the tag.
 */
#define USCC_KEY_TAG_BITS 7
struct uscc_key {
        uint32_t w[3];
};
bool uscc_key_of(const char *s, unsigned tag, struct uscc_key *out);
unsigned uscc_key_text(const struct uscc_key *key, char out[static GL_USCC_LEN + 1]);
int uscc_key_cmp(const struct uscc_key *a, const struct uscc_key *b);
/* The tag of a key; and two keys' codes compared, their tags left out, in uscc_key_cmp's order
 * (the tag's bits are the lowest), so that lists sorted by uscc_key_cmp can be walked side by side
 * by code. */
unsigned uscc_key_tag(const struct uscc_key *key);
int uscc_key_code_cmp(const struct uscc_key *a, const struct uscc_key *b);

#endif
