# Writes dvir's bundled datasets as dvi-reference/1 JSON (the format of fixtures/dvi), frequencies renormalised
# (f / sum f) as the fixtures are, for test/core/identification/dvir-comparison.test.ts.
# Usage: R_LIBS=/work/rlib Rscript dvir-export.R OUTDIR example2 symmetricSibs ...
suppressPackageStartupMessages({ library(dvir); library(jsonlite) })
`%||%` = function(x, y) if (is.null(x)) y else x
sexName = function(s) c("male", "female")[s]
profile = function(x, id) {
  g = list()
  for (m in seq_len(nMarkers(x))) {
    a = getAlleles(x, ids = id, markers = m)
    if (!anyNA(a)) g[[name(x)[m]]] = as.character(a)
  }
  g
}
mutationOf = function(x, m) {
  mm = mutmod(x, m)
  if (is.null(mm)) return(list(model = "none"))
  p = pedmut::getParams(mm, format = 1)
  one = function(r) list(model = tolower(as.character(p$model[r])), rate = as.numeric(p$rate[r]))
  if (nrow(p) == 1 || identical(one(1), one(2))) one(1) else list(female = one(1), male = one(2))
}
args = commandArgs(trailingOnly = TRUE)
for (n in args[-1]) {
  e = new.env(); data(list = n, package = "dvir", envir = e); d = get(n, envir = e)
  am = d$am; pm = d$pm
  if (is.ped(am)) am = list(am)
  famNames = names(am) %||% paste0("F", seq_along(am))
  x1 = am[[1]]
  loci = lapply(seq_len(nMarkers(x1)), function(m) {
    f = afreq(x1, m)
    list(name = name(x1)[m], alleles = I(names(f)), frequencies = I(unname(f / sum(f))), mutation = mutationOf(x1, m))
  })
  families = lapply(seq_along(am), function(i) {
    x = am[[i]]
    ids = labels(x)
    miss = intersect(d$missing, ids)
    persons = lapply(ids, function(id) {
      p = list(id = id, sex = sexName(getSex(x, id)))
      if (!(id %in% founders(x))) { p$father = father(x, id); p$mother = mother(x, id) }
      p
    })
    typed = setdiff(typedMembers(x), miss)
    g = lapply(typed, function(id) profile(x, id)); names(g) = typed
    list(id = famNames[i], persons = persons, missingPersons = I(miss), genotypes = g)
  })
  victims = lapply(pm, function(v) list(id = labels(v), sex = sexName(getSex(v, labels(v))), genotypes = profile(v, labels(v))))
  doc = list(schema = "dvi-reference/1", id = n, source = paste("dvir", packageVersion("dvir"), "dataset", n),
             options = list(theta = 0, mutation = loci[[1]]$mutation, unknownAlleleFrequency = 0.001),
             loci = loci, victims = unname(victims), families = families)
  write(toJSON(doc, auto_unbox = TRUE, digits = NA, null = "null"), file.path(args[1], paste0(n, ".json")))
}
