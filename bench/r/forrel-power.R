# Family power by forrel, for comparison with Homeward's src/core/power (test/core/power/forrel-power.test.ts and
# bench/family-power.ts). Reads a JSON list of families, prints a JSON list of results:
#   exclusionPower = forrel::missingPersonEP, pLrAtLeast = forrel::missingPersonIP (nsim conditional simulations
#   of the missing person given the references), meanLog10Lr from the same simulations.
# Model: θ = 0, no mutation (what both tools compute the same way). Usage: Rscript forrel-power.R families.json
suppressPackageStartupMessages({ library(forrel); library(jsonlite) })

args = commandArgs(trailingOnly = TRUE)
families = fromJSON(args[1], simplifyVector = FALSE)

build = function(f) {
  ids = vapply(f$persons, function(p) p$id, "")
  fid = vapply(f$persons, function(p) if (is.null(p$father)) "0" else p$father, "")
  mid = vapply(f$persons, function(p) if (is.null(p$mother)) "0" else p$mother, "")
  sex = vapply(f$persons, function(p) if (p$sex == "male") 1L else 2L, 1L)
  x = ped(id = ids, fid = fid, mid = mid, sex = sex, reorder = TRUE)
  for (l in f$loci) {
    geno = c()
    for (id in names(f$genotypes)) {
      g = f$genotypes[[id]][[l$name]]
      if (!is.null(g)) geno[id] = paste(g[[1]], g[[2]], sep = "/")
    }
    x = addMarker(x, geno = geno, alleles = unlist(l$alleles), afreq = unlist(l$frequencies), name = l$name)
  }
  x
}

out = lapply(families, function(f) {
  x = build(f)
  ep = missingPersonEP(x, missing = f$missing, verbose = FALSE)
  ip = missingPersonIP(x, missing = f$missing, nsim = f$nsim, threshold = unlist(f$thresholds), seed = f$seed, verbose = FALSE)
  list(name = f$name, exclusionPower = ep$EPtotal, pLrAtLeast = as.list(unname(ip$IP)), meanLog10Lr = ip$meanLogLR, nsim = f$nsim)
})
cat(toJSON(out, auto_unbox = TRUE, digits = NA))
