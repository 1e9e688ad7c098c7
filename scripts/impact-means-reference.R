# impact-means-reference.R: the means by arm and round with clustered intervals,
# computed independently with estimatr, for tests/test_impact_means.c.
#   Rscript scripts/impact-means-reference.R     (from the top of the project)
# Each mean is an intercept-only regression with Stata's CR1 errors clustered by
# school (estimatr se_type = "stata"), interval t with G-1 degrees of freedom,
# on the same children the estimate uses (implausible changes set aside).
suppressPackageStartupMessages(library(estimatr))
source_lines <- readLines("scripts/impact-reference.R")
# reuse the reference script's reader so that both drop the same children
first <- grep("^read_children <- ", source_lines)
last <- grep("^  d\\[!\\(d\\$child_id", source_lines) + 1
eval(parse(text = source_lines[first:last]))
tr <- c("D01", "D02", "D03"); co <- c("D04", "D05", "D06", "D07", "D08")
d <- read_children("tests/fixtures/impact-children.csv", tr, co)
for (arm in c(0, 1)) for (post in c(0, 1)) {
  s <- d[d$treated == arm & d$post == post, ]
  f <- lm_robust(weight_kg ~ 1, data = s, clusters = school_udise, se_type = "stata")
  cat(sprintf("arm %d post %d: mean %.10f low %.10f high %.10f clusters %d n %d\n", arm, post,
              coef(f)[1], f$conf.low[1], f$conf.high[1], f$nclusters, f$nobs))
}
