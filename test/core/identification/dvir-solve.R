# dvir's dviSolve on its own datasets, printed as JSON for test/core/identification/dvir-comparison.test.ts.
# Usage: R_LIBS=/work/rlib Rscript dvir-solve.R FIXTURE_DIR fire planecrash ...
# The fixtures in fixtures/dvi are exports of these datasets with every locus renormalised (f / sum f) and its
# mutation model rebuilt (their frequencyNote); dvir's stored tables sum to 1 only within 7e-11, which moves
# LRs by up to 1e-9. So the same renormalisation is done here first, with the fixture's mutation model.
suppressPackageStartupMessages({ library(dvir); library(jsonlite) })
renormalise = function(x, mutation) {
  if (!is.null(mutation) && mutation$model != "none") x = setMutmod(x, model = NULL)
  for (m in seq_len(nMarkers(x))) x = setAfreq(x, m, afreq(x, m) / sum(afreq(x, m)))
  if (!is.null(mutation) && mutation$model != "none") x = setMutmod(x, model = mutation$model, rate = mutation$rate)
  x
}
args = commandArgs(trailingOnly = TRUE)
out = list()
for (name in args[-1]) {
  e = new.env()
  data(list = name, package = "dvir", envir = e)
  dvi = get(name, envir = e)
  mutation = fromJSON(file.path(args[1], paste0(name, ".json")))$options$mutation
  for (part in c("am", "pm")) {
    cl = class(dvi[[part]])
    dvi[[part]] = lapply(dvi[[part]], renormalise, mutation = mutation)
    class(dvi[[part]]) = cl
  }
  dvi$pairings = NULL  # the default sex-consistent pairings, as the JSON files (which carry none) get
  r = dviSolve(dvi, detailedOutput = TRUE, verbose = FALSE)
  m = r$LRmatrix
  out[[name]] = list(
    AM = r$AM, PM = r$PM,
    LRmatrix = list(victims = rownames(m), missing = colnames(m), values = unname(split(m, row(m)))),
    exclusionMatrix = list(victims = rownames(r$exclusionMatrix), missing = colnames(r$exclusionMatrix),
                           values = unname(split(r$exclusionMatrix, row(r$exclusionMatrix))))
  )
}
cat(toJSON(out, digits = NA, na = "null", auto_unbox = TRUE, dataframe = "rows"))
