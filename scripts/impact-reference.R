#!/usr/bin/env Rscript
# impact-reference.R: the expected values of tests/test_impact_*.c, computed
# independently of poshan with R from Debian (estimatr, sandwich, base R).
#
#   Rscript scripts/impact-reference.R      (from the top of the project)
#
# writes tests/fixtures/impact-expected.csv (name,value). It reads the
# committed fixtures and applies the rules the README states, in plain R:
#   - children in areas in neither list are left out; a child measured in two
#     schools is left out;
#   - a child seen in both rounds whose weight changes by less than -2 kg or
#     more than +8 kg, or height by less than -1 cm or more than +10 cm, is
#     left out (both records);
#   - DiD: outcome ~ treated * post, CR1 errors (estimatr se_type = "stata",
#     checked against sandwich::vcovCL type HC1), t with G - 1 df;
#   - gain form: gain ~ treated on children seen in both rounds;
#   - the wild cluster bootstrap-t with the null imposed, every weight vector
#     enumerated by plain loops, refitting by least squares each time; its
#     interval by bisection on the null value (to 1e-7 standard errors);
#   - randomization inference over every re-assignment of treated units.
# A bootstrap or re-assigned statistic counts as extreme when its size is at
# least (1 - 1e-9) times the observed one (the observed draw must count).
suppressPackageStartupMessages({ library(estimatr); library(sandwich) })

out <- list()
put <- function(name, value) out[[name]] <<- value
tol <- 1 - 1e-9

read_children <- function(path, treated, control) {
  d <- read.csv(path, colClasses = c(child_id = "character", school_udise = "character"))
  d <- d[d$district %in% c(treated, control), ]
  d$treated <- as.numeric(d$district %in% treated)
  d$post <- as.numeric(d$round == "endline")
  d$male <- as.numeric(d$sex == "M")
  d$upper <- as.numeric(d$level == "upper_primary")
  b <- d[d$round == "baseline", ]; e <- d[d$round == "endline", ]
  m <- merge(b, e, by = "child_id", suffixes = c(".b", ".e"))
  moved <- m$child_id[m$school_udise.b != m$school_udise.e]
  dw <- m$weight_kg.e - m$weight_kg.b; dh <- m$height_cm.e - m$height_cm.b
  bad <- m$child_id[dw < -2 | dw > 8 | dh < -1 | dh > 10]
  d[!(d$child_id %in% c(moved, bad)), ]
}

# CR1 variance by the textbook sandwich: (X'X)^-1 (sum_g X_g'e_g e_g'X_g) (X'X)^-1
# times G/(G-1) (N-1)/(N-K).
cr1_se <- function(X, e, cl, j, w = rep(1, length(e))) {
  bread <- solve(crossprod(X, w * X))
  s <- rowsum(w * e * X, cl)
  G <- nrow(s); N <- nrow(X); K <- ncol(X)
  V <- bread %*% crossprod(s) %*% bread * G / (G - 1) * (N - 1) / (N - K)
  sqrt(V[j, j])
}

# Wild cluster bootstrap-t p-value of the null "coefficient j = beta0",
# imposed, every weight vector over `values` enumerated.
wild_enumerated <- function(X, y, cl, j, values, w = rep(1, length(y)), beta0 = 0) {
  fit <- lm.wfit(X, y, w)
  t_obs <- (coef(fit)[j] - beta0) / cr1_se(X, fit$residuals, cl, j, w)
  r <- lm.wfit(X[, -j, drop = FALSE], y - beta0 * X[, j], w)
  yhat_r <- X[, -j, drop = FALSE] %*% coef(r) + beta0 * X[, j]; e_r <- r$residuals
  groups <- sort(unique(cl)); G <- length(groups); gi <- match(cl, groups)
  grid <- as.matrix(expand.grid(rep(list(values), G)))
  extreme <- 0
  for (v in seq_len(nrow(grid))) {
    ystar <- yhat_r + grid[v, gi] * e_r
    f <- lm.wfit(X, ystar, w)
    t <- (coef(f)[j] - beta0) / cr1_se(X, f$residuals, cl, j, w)
    if (isTRUE(abs(t) >= abs(t_obs) * tol)) extreme <- extreme + 1
  }
  c(p = extreme / nrow(grid), draws = nrow(grid))
}

# The bootstrap interval: the null values not rejected at 5 %, each end found
# by stepping out from the estimate in standard errors, then bisecting.
wild_interval <- function(X, y, cl, j, values, w = rep(1, length(y))) {
  fit <- lm.wfit(X, y, w)
  b <- coef(fit)[[j]]; se <- cr1_se(X, fit$residuals, cl, j, w)
  p_at <- function(beta0) wild_enumerated(X, y, cl, j, values, w, beta0)[["p"]]
  bound <- function(direction) {
    inside <- b; step <- se
    while (p_at(b + direction * step) > 0.05) { inside <- b + direction * step; step <- 2 * step }
    outside <- b + direction * step
    while (abs(outside - inside) > 1e-7 * se) {
      mid <- (inside + outside) / 2
      if (p_at(mid) > 0.05) inside <- mid else outside <- mid
    }
    (inside + outside) / 2
  }
  c(low = bound(-1), high = bound(1))
}

# Randomization inference: the coefficient under every choice of n1 treated units.
ri_exact <- function(d, unit, formula_rhs, yname, j, w = NULL) {
  units <- sort(unique(d[[unit]])); n1 <- length(unique(d[[unit]][d$treated == 1]))
  est <- function(tr) {
    d$treated <- as.numeric(d[[unit]] %in% tr)
    X <- model.matrix(formula_rhs, d)
    coef(if (is.null(w)) lm.fit(X, d[[yname]]) else lm.wfit(X, d[[yname]], d[[w]]))[j]
  }
  obs <- est(unique(d[[unit]][d$treated == 1]))
  all <- combn(units, n1, simplify = FALSE)
  b <- vapply(all, est, numeric(1))
  c(p = mean(abs(b) >= abs(obs) * tol), n = length(all))
}

did <- function(prefix, d, f, cluster = "school_udise", term = "treated:post", w = NULL) {
  d$.w <- if (is.null(w)) 1 else d[[w]]
  d$.cl <- d[[cluster]]
  fit <- lm_robust(f, data = d, clusters = .cl, se_type = "stata", weights = .w)
  lmfit <- lm(f, data = d, weights = .w)
  check <- sqrt(vcovCL(lmfit, cluster = d$.cl, type = "HC1")[term, term])
  stopifnot(abs(check - fit$std.error[term]) < 1e-10)
  put(paste0(prefix, ".estimate"), fit$coefficients[term])
  put(paste0(prefix, ".std_error"), fit$std.error[term])
  put(paste0(prefix, ".ci_low"), fit$conf.low[term])
  put(paste0(prefix, ".ci_high"), fit$conf.high[term])
  put(paste0(prefix, ".p_value"), fit$p.value[term])
  put(paste0(prefix, ".df"), fit$df[term])
  put(paste0(prefix, ".n_obs"), fit$nobs)
  put(paste0(prefix, ".n_clusters"), fit$nclusters)
}

# ---- children: 8 districts, 3 treated -------------------------------------
tr <- c("D01", "D02", "D03"); co <- c("D04", "D05", "D06", "D07", "D08")
d <- read_children("tests/fixtures/impact-children.csv", tr, co)
did("children.weight", d, weight_kg ~ treated * post)
did("children.height", d, height_cm ~ treated * post)
did("children.weight_district", d, weight_kg ~ treated * post, cluster = "district")
did("children.weight_cov", d, weight_kg ~ treated * post + age_months + male + upper)
put("children.n_children", length(unique(d$child_id)))
b <- d[d$round == "baseline", ]; e <- d[d$round == "endline", ]
g <- merge(b, e, by = "child_id", suffixes = c(".b", ".e"))
g$gain <- g$weight_kg.e - g$weight_kg.b
g$treated <- g$treated.b
fit <- lm_robust(gain ~ treated, data = g, clusters = g$school_udise.b, se_type = "stata")
put("children.gain.estimate", fit$coefficients["treated"])
put("children.gain.std_error", fit$std.error["treated"])
put("children.gain.n_obs", fit$nobs)
fit <- lm_robust(gain ~ treated + age_months.b + male.b + upper.b, data = g, clusters = g$school_udise.b,
                 se_type = "stata")
put("children.gain_cov.estimate", fit$coefficients["treated"])
put("children.gain_cov.std_error", fit$std.error["treated"])
put("children.treated_baseline_mean", mean(d$weight_kg[d$treated == 1 & d$post == 0]))

X <- model.matrix(~ treated * post, d)
wb <- wild_enumerated(X, d$weight_kg, d$district, 4, c(-1, 1))
put("children.weight.wild_rademacher_p", wb[["p"]]); put("children.weight.wild_rademacher_draws", wb[["draws"]])
ci <- wild_interval(X, d$weight_kg, d$district, 4, c(-1, 1))
put("children.weight.wild_rademacher_ci_low", ci[["low"]]); put("children.weight.wild_rademacher_ci_high", ci[["high"]])
ri <- ri_exact(d, "district", ~ treated * post, "weight_kg", 4)
put("children.weight.ri_p", ri[["p"]]); put("children.weight.ri_assignments", ri[["n"]])

# ---- children, few units: 5 districts, 2 treated (Webb, enumerated) --------
tr <- c("D01", "D02"); co <- c("D03", "D04", "D05")
d <- read_children("tests/fixtures/impact-children-few.csv", tr, co)
did("few.weight", d, weight_kg ~ treated * post)
X <- model.matrix(~ treated * post, d)
webb <- c(-sqrt(3 / 2), -1, -sqrt(1 / 2), sqrt(1 / 2), 1, sqrt(3 / 2))
wb <- wild_enumerated(X, d$weight_kg, d$district, 4, webb)
put("few.weight.wild_webb_p", wb[["p"]]); put("few.weight.wild_webb_draws", wb[["draws"]])
ri <- ri_exact(d, "district", ~ treated * post, "weight_kg", 4)
put("few.weight.ri_p", ri[["p"]]); put("few.weight.ri_assignments", ri[["n"]])

# ---- attendance: 6 districts, 2 treated, start 2019-11 ---------------------
a <- read.csv("tests/fixtures/impact-attendance.csv", colClasses = c(school_udise = "character"))
a$treated <- as.numeric(a$district %in% c("D01", "D02"))
a$post <- as.numeric(a$month >= "2019-11")
a$rate <- a$attendance_days / (a$enrolled * a$school_days)
did("attendance", a, rate ~ treated * post, w = "enrolled")
X <- model.matrix(~ treated * post, a)
wb <- wild_enumerated(X, a$rate, a$district, 4, c(-1, 1), w = a$enrolled)
put("attendance.wild_rademacher_p", wb[["p"]]); put("attendance.wild_rademacher_draws", wb[["draws"]])
ci <- wild_interval(X, a$rate, a$district, 4, c(-1, 1), w = a$enrolled)
put("attendance.wild_rademacher_ci_low", ci[["low"]]); put("attendance.wild_rademacher_ci_high", ci[["high"]])
ri <- ri_exact(a, "district", ~ treated * post, "rate", 4, w = "enrolled")
put("attendance.ri_p", ri[["p"]]); put("attendance.ri_assignments", ri[["n"]])

# ---- power: t quantiles for the hand-worked example in test_impact_power.c --
put("power.qt_975_df38", qt(0.975, 38)); put("power.qt_80_df38", qt(0.80, 38))

res <- data.frame(name = names(out), value = sprintf("%.17g", unlist(out)))
write.csv(res, "tests/fixtures/impact-expected.csv", row.names = FALSE, quote = FALSE)
cat("wrote tests/fixtures/impact-expected.csv:", nrow(res), "values\n")
