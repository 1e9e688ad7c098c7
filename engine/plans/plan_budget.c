/* plan_budget.c: what an intervention costs and adds to a child's plate, with
 * the source's own rounding, and the check of every figure the source states
 * (see plan.h). When the stated quantities disagree with the servings the text
 * gives, the serving they imply is worked out and budgeted as well, so that a
 * committee sees both budgets and the contradiction in words. */
#include "plan.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "inr.h"

const poshan_nutrient poshan_plan_nutrients[POSHAN_PLAN_NUTRIENTS] = {
    POSHAN_ENERGY_KCAL, POSHAN_PROTEIN_G, POSHAN_CALCIUM_MG, POSHAN_IRON_MG};

/* Rupees in one lakh (Indian numbering: 1,00,000). */
#define RS_PER_LAKH 100000.0
/* ml in a litre, g in a kg: the quantity bought is litres or kg. */
#define UNITS_PER_BULK 1000.0

const char *poshan_plan_quantity_unit(const poshan_plan *plan) {
    switch (plan->serving_unit) {
    case POSHAN_SERVING_ML: return "litres";
    case POSHAN_SERVING_G: return "kg";
    case POSHAN_SERVING_PIECE: return "pieces";
    default: return "";
    }
}

static double bulk_per_serving_unit(const poshan_plan *plan) {
    return plan->serving_unit == POSHAN_SERVING_PIECE ? 1.0 : 1.0 / UNITS_PER_BULK;
}

static double level_attending(const poshan_plan *plan, double enrolled) {
    double a = enrolled * plan->attendance_factor;
    return plan->round_attending ? poshan_round_half_up(a, 0) : a;
}

static double row_cost_rs(const poshan_plan *plan, const poshan_plan_area *area,
                          const poshan_plan_row *row) {
    double units;
    switch (plan->price_per) {
    case POSHAN_PRICE_PER_CHILD_DAY: units = row->attending_total * plan->days_per_year; break;
    case POSHAN_PRICE_PER_SCHOOL: units = (double)area->schools_total; break;
    default: units = row->quantity_total; break; /* litres, kg or pieces */
    }
    return poshan_round_half_up(units * plan->price_rs * (1 + plan->tax_pct / 100), 0);
}

static void area_row(const poshan_plan *plan, const poshan_plan_area *area, const double *serving,
                     poshan_plan_row *row) {
    memset(row, 0, sizeof *row);
    if (!area->by_level) {
        row->attending_total = level_attending(plan, (double)area->children);
    }
    for (size_t l = 0; area->by_level && l < plan->nlevels; l++) {
        row->attending[l] = level_attending(plan, (double)area->enrolled[l]);
        row->attending_total += row->attending[l];
        double q = row->attending[l] * plan->days_per_year * serving[l] * bulk_per_serving_unit(plan);
        row->quantity[l] = plan->round_quantity ? poshan_round_half_up(q, 0) : q;
        row->quantity_total += row->quantity[l];
    }
    row->cost_rs = row_cost_rs(plan, area, row);
}

static void add_row(poshan_plan_row *sum, const poshan_plan_row *row, size_t nlevels) {
    for (size_t l = 0; l < nlevels; l++) {
        sum->attending[l] += row->attending[l];
        sum->quantity[l] += row->quantity[l];
    }
    sum->attending_total += row->attending_total;
    sum->quantity_total += row->quantity_total;
    sum->cost_rs += row->cost_rs;
}

static double grams_per_serving(const poshan_plan *plan, double serving) {
    switch (plan->serving_unit) {
    case POSHAN_SERVING_ML: return serving * plan->item->density_g_per_ml;
    case POSHAN_SERVING_PIECE: return serving * plan->grams_per_piece;
    default: return serving;
    }
}

static void budget_nutrients(const poshan_plan *plan, const poshan_norms *norms, poshan_plan_budget *b) {
    double delivered[POSHAN_PLAN_NUTRIENTS] = {0};
    for (size_t l = 0; plan->item && l < plan->nlevels; l++) {
        b->grams[l] = grams_per_serving(plan, b->serving[l]);
        for (int k = 0; k < POSHAN_PLAN_NUTRIENTS; k++) {
            /* IFCT and product values are per 100 g of edible portion */
            double per_day = b->grams[l] * plan->item->per_100g[poshan_plan_nutrients[k]] / 100;
            b->per_day[l][k] = per_day;
            b->per_year_day[l][k] = per_day * plan->days_per_year / norms->school_days_per_year;
            delivered[k] += per_day * b->total.attending[l] * plan->days_per_year;
        }
    }
    double cost = b->total.cost_rs;
    b->rs_per_100_kcal = delivered[0] > 0 ? cost / (delivered[0] / 100) : 0;
    b->rs_per_g_protein = delivered[1] > 0 ? cost / delivered[1] : 0;
}

/* The value a stated figure is checked against, in this budget. */
static double computed_figure(const poshan_plan *plan, const poshan_plan_budget *b, const poshan_stated *s) {
    const poshan_plan_row *row = s->area >= 0 ? &b->areas[s->area] : &b->total;
    long schools = 0, children = 0, level_schools = 0, level_enrolled = 0;
    for (size_t a = 0; a < plan->nareas; a++) {
        if (s->area >= 0 && (size_t)s->area != a) continue;
        schools += plan->areas[a].schools_total;
        children += plan->areas[a].children;
        if (s->level >= 0) {
            level_schools += plan->areas[a].schools[s->level];
            level_enrolled += plan->areas[a].enrolled[s->level];
        }
    }
    switch (s->figure) {
    case POSHAN_FIG_AREAS: return (double)plan->nareas;
    case POSHAN_FIG_SCHOOLS: return (double)schools;
    case POSHAN_FIG_SCHOOLS_LEVEL: return (double)level_schools;
    case POSHAN_FIG_CHILDREN: return (double)children;
    case POSHAN_FIG_ENROLLED_LEVEL: return (double)level_enrolled;
    case POSHAN_FIG_ATTENDING: return row->attending_total;
    case POSHAN_FIG_ATTENDING_LEVEL: return row->attending[s->level];
    case POSHAN_FIG_QUANTITY: return row->quantity_total;
    case POSHAN_FIG_QUANTITY_LEVEL: return row->quantity[s->level];
    case POSHAN_FIG_COST_RS: return row->cost_rs;
    case POSHAN_FIG_COST_LAKH: return row->cost_rs / RS_PER_LAKH;
    }
    return 0;
}

/* Decimal places the source printed the figure with (454.33 -> 2), at most 6. */
static int printed_decimals(double value) {
    int d = 0;
    while (d < 6 && fabs(value * pow(10, d) - round(value * pow(10, d))) > 1e-6) d++;
    return d;
}

/* A computed figure agrees when it rounds, half up, to what the source printed. */
static void check_stated(const poshan_plan *plan, poshan_plan_budget *b) {
    b->disagreements = 0;
    for (size_t i = 0; i < plan->nstated; i++) {
        const poshan_stated *s = &plan->stated[i];
        b->computed[i] = computed_figure(plan, b, s);
        int d = printed_decimals(s->value);
        b->agrees[i] = fabs(poshan_round_half_up(b->computed[i], d) - s->value) < 0.5 * pow(10, -d);
        if (!b->agrees[i]) b->disagreements++;
    }
}

/* A level's own cost (before rounding the whole to rupees), and over its enrolled children. */
static void level_costs(const poshan_plan *plan, poshan_plan_budget *b) {
    for (size_t l = 0; plan->price_per != POSHAN_PRICE_PER_SCHOOL && l < plan->nlevels; l++) {
        double enrolled = 0;
        for (size_t a = 0; a < plan->nareas; a++) enrolled += (double)plan->areas[a].enrolled[l];
        double units = plan->price_per == POSHAN_PRICE_PER_CHILD_DAY
                           ? b->total.attending[l] * plan->days_per_year
                           : b->total.quantity[l];
        b->cost_rs_level[l] = units * plan->price_rs * (1 + plan->tax_pct / 100);
        if (enrolled > 0) b->rs_per_child_year_level[l] = b->cost_rs_level[l] / enrolled;
    }
}

static void compute_budget(const poshan_plan *plan, const poshan_norms *norms, const double *serving,
                           poshan_plan_budget *b) {
    memset(b, 0, sizeof *b);
    memcpy(b->serving, serving, sizeof b->serving);
    for (size_t a = 0; a < plan->nareas; a++) {
        area_row(plan, &plan->areas[a], serving, &b->areas[a]);
        add_row(&b->total, &b->areas[a], plan->nlevels);
        b->schools_total += plan->areas[a].schools_total;
        b->children += plan->areas[a].children;
    }
    budget_nutrients(plan, norms, b);
    b->cost_lakh = b->total.cost_rs / RS_PER_LAKH;
    b->rs_per_child_year = b->children > 0 ? b->total.cost_rs / (double)b->children : 0;
    level_costs(plan, b);
    for (int k = 0; k < 3; k++) b->funding_rs[k] = b->total.cost_rs * plan->funding_pct[k] / 100;
    check_stated(plan, b);
}

/* The serving a level's stated quantities imply: stated quantity over the
 * children served times the days, to 0.1 of a unit. Area rows are used when
 * the file states them, else the total. Returns 0 when nothing is stated. */
static int implied_serving(const poshan_plan *plan, const poshan_plan_budget *b, size_t level,
                           double *out, double *qty, double *servings) {
    int any_area = 0, any_wrong = 0;
    for (size_t i = 0; i < plan->nstated; i++)
        if (plan->stated[i].figure == POSHAN_FIG_QUANTITY_LEVEL && plan->stated[i].level == (int)level) {
            any_area |= plan->stated[i].area >= 0;
            any_wrong |= !b->agrees[i];
        }
    if (!any_wrong) return 0;
    *qty = *servings = 0;
    for (size_t i = 0; i < plan->nstated; i++) {
        const poshan_stated *s = &plan->stated[i];
        if (s->figure != POSHAN_FIG_QUANTITY_LEVEL || s->level != (int)level || (s->area >= 0) != any_area)
            continue;
        const poshan_plan_row *row = s->area >= 0 ? &b->areas[s->area] : &b->total;
        *qty += s->value;
        *servings += row->attending[level] * plan->days_per_year;
    }
    if (*servings <= 0) return 0;
    *out = poshan_round_half_up(*qty / bulk_per_serving_unit(plan) / *servings, 1);
    return 1;
}

static const char *serving_word(const poshan_plan *plan) {
    switch (plan->serving_unit) {
    case POSHAN_SERVING_ML: return "ml";
    case POSHAN_SERVING_G: return "g";
    default: return plan->serving[0] == 1 ? "piece" : "pieces";
    }
}

static void level_words(const poshan_plan *plan, int level, char *buf, size_t size) {
    snprintf(buf, size, "%s", plan->level_names[level]);
    for (char *c = buf; *c; c++)
        if (*c == '_') *c = ' ';
}

/* A stated figure in words: "upper primary litres", "schools", "rupees in lakh". */
static void figure_label(const poshan_plan *plan, const poshan_stated *s, char *buf, size_t size) {
    char lv[40] = "";
    if (s->level >= 0) level_words(plan, s->level, lv, sizeof lv);
    switch (s->figure) {
    case POSHAN_FIG_AREAS: snprintf(buf, size, "%ss", plan->area_kind); break;
    case POSHAN_FIG_SCHOOLS: snprintf(buf, size, "schools"); break;
    case POSHAN_FIG_SCHOOLS_LEVEL: snprintf(buf, size, "%s schools", lv); break;
    case POSHAN_FIG_CHILDREN: snprintf(buf, size, "children enrolled"); break;
    case POSHAN_FIG_ENROLLED_LEVEL: snprintf(buf, size, "%s children enrolled", lv); break;
    case POSHAN_FIG_ATTENDING: snprintf(buf, size, "children attending"); break;
    case POSHAN_FIG_ATTENDING_LEVEL: snprintf(buf, size, "%s children attending", lv); break;
    case POSHAN_FIG_QUANTITY: snprintf(buf, size, "%s", poshan_plan_quantity_unit(plan)); break;
    case POSHAN_FIG_QUANTITY_LEVEL: snprintf(buf, size, "%s %s", lv, poshan_plan_quantity_unit(plan)); break;
    case POSHAN_FIG_COST_RS: snprintf(buf, size, "rupees"); break;
    case POSHAN_FIG_COST_LAKH: snprintf(buf, size, "rupees in lakh"); break;
    }
}

/* How a figure is worked out, in words a committee reads. */
static void figure_working(const poshan_plan *plan, const poshan_stated *s, char *buf, size_t size) {
    char lv[40] = "", attending[96], units[120];
    if (s->level >= 0) level_words(plan, s->level, lv, sizeof lv);
    snprintf(attending, sizeof attending, "enrolled x %g %% attending%s", plan->attendance_factor * 100,
             plan->round_attending ? ", to whole children" : "");
    static const char *const per[] = {"litres", "kg", "pieces", "children attending x days", "schools"};
    snprintf(units, sizeof units, "%s x Rs %g%s", per[plan->price_per], plan->price_rs,
             plan->tax_pct > 0 ? " + tax" : "");
    const char *bulk = plan->serving_unit == POSHAN_SERVING_PIECE ? "" : " / 1,000";
    switch (s->figure) {
    case POSHAN_FIG_AREAS: snprintf(buf, size, "the %ss the table lists", plan->area_kind); break;
    case POSHAN_FIG_SCHOOLS: snprintf(buf, size, "the table's schools, added"); break;
    case POSHAN_FIG_SCHOOLS_LEVEL: snprintf(buf, size, "the table's %s schools, added", lv); break;
    case POSHAN_FIG_CHILDREN: snprintf(buf, size, "the table's enrolled children, added"); break;
    case POSHAN_FIG_ENROLLED_LEVEL: snprintf(buf, size, "the table's %s enrolled children, added", lv); break;
    case POSHAN_FIG_ATTENDING: snprintf(buf, size, "%s, each level, added", attending); break;
    case POSHAN_FIG_ATTENDING_LEVEL: snprintf(buf, size, "%s %s", lv, attending); break;
    case POSHAN_FIG_QUANTITY:
        snprintf(buf, size, "children attending x serving x %g days%s, each level, added", plan->days_per_year, bulk);
        break;
    case POSHAN_FIG_QUANTITY_LEVEL:
        snprintf(buf, size, "%s children attending x serving x %g days%s", lv, plan->days_per_year, bulk);
        break;
    case POSHAN_FIG_COST_RS: snprintf(buf, size, "%s", units); break;
    case POSHAN_FIG_COST_LAKH: snprintf(buf, size, "%s, / 1,00,000", units); break;
    }
}

void poshan_plan_figure_words(const poshan_plan *plan, const poshan_stated *stated, char *label,
                              size_t label_size, char *worked_out, size_t worked_size) {
    figure_label(plan, stated, label, label_size);
    figure_working(plan, stated, worked_out, worked_size);
}

static void add_note(poshan_plan_result *r, const char *text) {
    if (r->nnotes < POSHAN_PLAN_MAX_NOTES) snprintf(r->notes[r->nnotes++], sizeof r->notes[0], "%s", text);
}

static void note_implied(const poshan_plan *plan, poshan_plan_result *r, int level, double qty,
                         double servings) {
    char lv[40], q[32], ch[32], days[32], at_text[32], at_implied[32], text[600];
    level_words(plan, level, lv, sizeof lv);
    poshan_format_indian(qty, 0, q, sizeof q);
    poshan_format_indian(servings / plan->days_per_year, 0, ch, sizeof ch);
    poshan_format_indian(plan->days_per_year, 0, days, sizeof days);
    poshan_format_indian(r->as_written.cost_lakh, 2, at_text, sizeof at_text);
    poshan_format_indian(r->as_implied.cost_lakh, 2, at_implied, sizeof at_implied);
    snprintf(text, sizeof text,
             "The table's %s %s (%s for %s children attending on %s days) equal %g %s a serving, "
             "not the %g %s the text gives. Both budgets are shown: Rs %s lakh at %g %s as the text "
             "says, Rs %s lakh at %g %s as the table has it.",
             lv, poshan_plan_quantity_unit(plan), q, ch, days, r->as_implied.serving[level],
             serving_word(plan), plan->serving[level], serving_word(plan), at_text,
             plan->serving[level], serving_word(plan), at_implied, r->as_implied.serving[level],
             serving_word(plan));
    add_note(r, text);
}

/* Disagreements left once the implied servings are taken into account. */
static void note_disagreements(const poshan_plan *plan, poshan_plan_result *r) {
    const poshan_plan_budget *b = r->has_implied ? &r->as_implied : &r->as_written;
    for (size_t i = 0; i < plan->nstated; i++) {
        if (b->agrees[i]) continue;
        const poshan_stated *s = &plan->stated[i];
        char label[80], stated[32], computed[32], where[160] = "", text[600];
        figure_label(plan, s, label, sizeof label);
        int d = printed_decimals(s->value);
        poshan_format_indian(s->value, d, stated, sizeof stated);
        poshan_format_indian(b->computed[i], d, computed, sizeof computed);
        if (s->area >= 0)
            snprintf(where, sizeof where, " for %s", plan->areas[s->area].block[0]
                                                         ? plan->areas[s->area].block
                                                         : plan->areas[s->area].district);
        if (s->figure == POSHAN_FIG_AREAS)
            snprintf(text, sizeof text, "%s says %s %s; the table lists %s.", s->where, stated, label, computed);
        else
            snprintf(text, sizeof text, "%s says %s %s%s; the figures of the table give %s.", s->where,
                     stated, label, where, computed);
        text[0] = (char)(text[0] >= 'a' && text[0] <= 'z' ? text[0] - 'a' + 'A' : text[0]);
        add_note(r, text);
    }
}

poshan_status poshan_plan_compute(const poshan_plan *plan, const poshan_norms *norms,
                                  poshan_plan_result *out, poshan_error *err) {
    memset(out, 0, sizeof *out);
    if (!(norms->school_days_per_year > 0))
        return poshan_error_set(err, POSHAN_EINPUT, "norms.json", 0, "school_days_per_year",
                                _("must be a number of days above zero"));
    compute_budget(plan, norms, plan->serving, &out->as_written);
    double implied[POSHAN_MAX_LEVELS], qty[POSHAN_MAX_LEVELS], servings[POSHAN_MAX_LEVELS];
    memcpy(implied, plan->serving, sizeof implied);
    for (size_t l = 0; plan->item && l < plan->nlevels; l++) {
        double v;
        if (implied_serving(plan, &out->as_written, l, &v, &qty[l], &servings[l]) && v != plan->serving[l]) {
            implied[l] = v;
            out->implied_level[l] = 1;
            out->has_implied = 1;
        }
    }
    if (out->has_implied) {
        compute_budget(plan, norms, implied, &out->as_implied);
        for (size_t l = 0; l < plan->nlevels; l++)
            if (out->implied_level[l]) note_implied(plan, out, (int)l, qty[l], servings[l]);
    }
    note_disagreements(plan, out);
    return POSHAN_OK;
}
