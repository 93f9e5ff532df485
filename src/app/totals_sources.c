/*
 * The totals review's hook into the discharge-rights ledger (app/project.h): whether every source
 * a review names can give what it is asked for. Sources on one account and pollutant are added up
 * and compared with what the ledger says the account may give today (its balance less what is
 * pending out, pledged or past its validity, app/ledger.h); a source that cannot is refused naming
 * it, and the review writes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "ledger.h"
#include "project.h"

int totals_sources_available(struct app *app, const struct totals_source *s, size_t n,
                             struct gl_error *err)
{
        for (size_t i = 0; i < n; i++) {
                const char *pollutant = pollutant_code(s[i].pollutant);
                int64_t asked = 0;
                bool first = true;
                for (size_t k = 0; k < n; k++) {
                        if (s[k].pollutant != s[i].pollutant ||
                            strcmp(s[k].account, s[i].account) != 0)
                                continue;
                        first = first && k >= i;
                        asked += s[k].grams;
                }
                if (!first)
                        continue; /* checked with the first source on the same account */
                int64_t available = 0;
                if (ledger_available_grams(app, s[i].account, pollutant, app_today_local(),
                                           &available) != GL_OK)
                        return gl_fail(err, GL_EDB, "sources", "读取排污权账本失败");
                if (available >= asked)
                        continue;
                char field[32];
                snprintf(field, sizeof(field), "sources[%zu]", i);
                return gl_fail(err, GL_ESTATE, field,
                               "措施七：来源账户 %s 的%s现可用 %lld 克，少于总量审核所列的 %lld 克 "
                               "(the account can give %lld g of %s, the review asks %lld g)",
                               s[i].account, pollutant_name_zh(s[i].pollutant),
                               (long long)available, (long long)asked, (long long)available,
                               pollutant, (long long)asked);
        }
        return 0;
}
