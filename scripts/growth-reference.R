#!/usr/bin/env Rscript
# growth-reference.R: the expected values of tests/test_growth_*.c, computed
# independently of poshan with R from Debian (estimatr, base R).
#
#   Rscript scripts/growth-reference.R      (from the top of the project)
#
# writes tests/fixtures/growth-expected.csv (name,value). It reads the WHO
# tables in nutrients/who2007/ and computes the z-scores in plain R as WHO's
# anthroplus package does (R/zscore-computation.R, R/zscores.R): L, M, S
# interpolated between whole months, the restricted rule beyond +-3 SD for
# weight-for-age and BMI-for-age, round(z, 2), flags |HAZ| > 6, WAZ > 5 or
# < -6, |BAZ| > 5, no weight-based score with oedema (counted below -3 in
# prevalence). Then:
#   - prevalence: each cut-off's share among children with a valid score,
#     lm_robust(case ~ 1, clusters = school, se_type = "stata"), for everyone
#     and by district; means and SDs of the rounded scores;
#   - impact: lm_robust(score ~ treated * post, clusters = school, CR1) on
#     tests/fixtures/impact-children-balanced.csv (no child moved or set
#     aside), records without a valid score left out.
suppressPackageStartupMessages(library(estimatr))

out <- list()
put <- function(name, value) out[[name]] <<- value

lms <- function(file) read.delim(file.path("nutrients/who2007", file))
hfa <- lms("hfawho2007.txt"); wfa <- lms("wfawho2007.txt"); bfa <- lms("bfawho2007.txt")

zscore <- function(tab, sex, age, y, upper, restricted) {
  low <- trunc(age); diff <- age - low
  at <- function(a, col) tab[[col]][match(paste(sex, a), paste(tab$sex, tab$age))]
  par <- function(col) {
    v <- at(low, col)
    ifelse(diff > 0, v + diff * (at(low + 1, col) - v), v)
  }
  l <- par("l"); m <- par("m"); s <- par("s")
  z <- ((y / m)^l - 1) / (l * s)
  if (restricted) {
    sd <- function(k) m * (1 + l * s * k)^(1 / l)
    z <- ifelse(!is.na(z) & z > 3, 3 + (y - sd(3)) / (sd(3) - sd(2)), z)
    z <- ifelse(!is.na(z) & z < -3, -3 + (y - sd(-3)) / (sd(-2) - sd(-3)), z)
  }
  z[!(age >= 61 & age <= upper)] <- NA
  round(z, 2)
}

scores <- function(d) {
  sex <- ifelse(d$sex %in% c("M", "male", "boy", "1"), 1, 2)
  oedema <- if (is.null(d$oedema)) rep(FALSE, nrow(d)) else d$oedema == "y"
  bmi <- d$weight_kg / (d$height_cm / 100)^2
  d$haz <- zscore(hfa, sex, d$age_months, d$height_cm, 228, FALSE)
  d$waz <- zscore(wfa, sex, d$age_months, ifelse(oedema, NA, d$weight_kg), 120, TRUE)
  d$baz <- zscore(bfa, sex, d$age_months, ifelse(oedema, NA, bmi), 228, TRUE)
  d$haz_ok <- !is.na(d$haz) & abs(d$haz) <= 6
  d$waz_ok <- !is.na(d$waz) & d$waz <= 5 & d$waz >= -6
  d$baz_ok <- !is.na(d$baz) & abs(d$baz) <= 5
  d$oedema_w <- oedema & d$age_months >= 61 & d$age_months <= 120
  d$oedema_b <- oedema & d$age_months >= 61 & d$age_months <= 228
  d
}

# A cut-off as a 0/1 column, NA where the child does not count for it.
cutoff <- function(d, score, below, limit) {
  ok <- d[[paste0(score, "_ok")]]
  z <- d[[score]]
  case <- ifelse(ok, if (below) z < limit else z > limit, NA)
  oed <- if (score == "waz") d$oedema_w else if (score == "baz") d$oedema_b else rep(FALSE, nrow(d))
  case[oed] <- below & limit >= -3
  as.numeric(case)
}

cutoffs <- list(stunting = c("haz", 1, -2), severe_stunting = c("haz", 1, -3), thinness = c("baz", 1, -2),
                severe_thinness = c("baz", 1, -3), overweight = c("baz", 0, 1), obesity = c("baz", 0, 2),
                underweight = c("waz", 1, -2))

# ---- prevalence: tests/fixtures/growth-children.csv -------------------------
d <- read.csv("tests/fixtures/growth-children.csv", colClasses = c(school_udise = "character"))
d <- scores(d[d$age_months >= 61 & d$age_months <= 228, ])
prevalence <- function(prefix, g) {
  for (k in names(cutoffs)) {
    c <- cutoffs[[k]]
    g$case <- cutoff(g, c[1], c[2] == "1", as.numeric(c[3]))
    h <- g[!is.na(g$case), ]
    fit <- lm_robust(case ~ 1, data = h, clusters = school_udise, se_type = "stata")
    put(paste0(prefix, ".", k, ".children"), nrow(h))
    put(paste0(prefix, ".", k, ".cases"), sum(h$case))
    put(paste0(prefix, ".", k, ".share"), fit$coefficients[[1]])
    put(paste0(prefix, ".", k, ".ci_low"), max(0, fit$conf.low[[1]]))
    put(paste0(prefix, ".", k, ".ci_high"), min(1, fit$conf.high[[1]]))
  }
  for (s in c("haz", "waz", "baz")) {
    z <- g[[s]][g[[paste0(s, "_ok")]]]
    put(paste0(prefix, ".", s, ".children"), length(z))
    put(paste0(prefix, ".", s, ".flagged"), sum(!is.na(g[[s]])) - length(z))
    put(paste0(prefix, ".", s, ".mean"), mean(z))
    put(paste0(prefix, ".", s, ".sd"), sd(z))
  }
}
prevalence("all", d)
for (district in sort(unique(d$district))) prevalence(district, d[d$district == district, ])

# ---- impact on growth: tests/fixtures/impact-children-balanced.csv ----------
b <- scores(read.csv("tests/fixtures/impact-children-balanced.csv",
                     colClasses = c(child_id = "character", school_udise = "character")))
b$treated <- as.numeric(b$district %in% c("D01", "D02", "D03"))
b$post <- as.numeric(b$round == "endline")
b$stunted <- cutoff(b, "haz", TRUE, -2)
b$thin <- cutoff(b, "baz", TRUE, -2)
b$overweight <- cutoff(b, "baz", FALSE, 1)
for (s in c("haz", "waz", "baz")) b[[s]][!b[[paste0(s, "_ok")]]] <- NA
for (y in c("haz", "waz", "baz", "stunted", "thin", "overweight")) {
  h <- b[!is.na(b[[y]]), ]
  fit <- lm_robust(as.formula(paste(y, "~ treated * post")), data = h, clusters = school_udise, se_type = "stata")
  term <- "treated:post"
  put(paste0("impact.", y, ".estimate"), fit$coefficients[[term]])
  put(paste0("impact.", y, ".std_error"), fit$std.error[[term]])
  put(paste0("impact.", y, ".n_obs"), fit$nobs)
  for (a in 0:1) for (p in 0:1)
    put(sprintf("impact.%s.mean_%d_%d", y, a, p), mean(h[[y]][h$treated == a & h$post == p]))
  for (a in 0:1) for (p in 0:1)
    put(sprintf("impact.%s.without_%d_%d", y, a, p), sum(is.na(b[[y]]) & b$treated == a & b$post == p))
}

res <- data.frame(name = names(out), value = sprintf("%.17g", unlist(out)))
write.csv(res, "tests/fixtures/growth-expected.csv", row.names = FALSE, quote = FALSE)
cat("wrote tests/fixtures/growth-expected.csv:", nrow(res), "values\n")
