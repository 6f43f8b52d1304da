package agreement

// Krippendorff's guidance for judging a coefficient (Content Analysis,
// 4th ed., 2019, §12.5.3): data are reliable from 0.800, and from 0.667
// good enough only for tentative conclusions. `focal agree` judges codes
// by them (changeable with --reliable and --tentative) and the agreement
// dashboard starts its threshold at ReliableFrom.
const (
	ReliableFrom  = 0.800
	TentativeFrom = 0.667
)
