// Package ge computes general-equilibrium (GE) trade counterfactuals: given
// a table of bilateral trade including domestic sales and a change in
// trade costs, it finds the new equilibrium — trade flows, factory-gate
// prices (wages), price indices, real GDP and welfare — of every economy,
// and prices scenario projects and policies in those terms.
//
// # Model
//
// One-sector structural gravity (Armington-CES, or Eaton-Kortum with the
// same aggregate equations; Anderson & van Wincoop 2003; Arkolakis,
// Costinot & Rodriguez-Clare 2012):
//
//	X_ij = A_i w_i^(-theta) T_ij E_j / Phi_j,   Phi_j = sum_k A_k w_k^(-theta) T_kj,
//	Y_i  = w_i L_i = sum_j X_ij,                E_j = Y_j + D_j,
//
// with T_ij = t_ij^(-theta) the trade-cost term and theta the trade
// elasticity. A counterfactual multiplies T_ij by B_ij = exp(b_ij), the
// "partial effect" of a policy (a gravity coefficient, or -theta times the
// log change in an ad valorem cost; see Shock). Deficits D_j stay fixed in
// units of world output (additive) or as a share of expenditure
// (multiplicative). World nominal output is the numeraire. Results are
// changes relative to the baseline: RealWage (real GDP) = w_hat / P_hat and
// Welfare = E_hat / P_hat, P_hat = Phi_hat^(-1/theta).
//
// # Two solvers
//
// SolveHat is exact hat algebra on trade shares, the fixed point of the
// ge_gravity command of Baier, Yotov & Zylkin (2019), "On the widely
// differing effects of free trade agreements: Lessons from twenty years of
// trade integration", Journal of International Economics 116.
//
// SolveGEPPML is GE-PPML (Anderson, Larch & Yotov 2018, "GEPPML: General
// equilibrium analysis with PPML", The World Economy 41; Yotov,
// Piermartini, Monteiro & Larch 2016, "An Advanced Guide to Trade Policy
// Analysis: The Structural Gravity Model", WTO/UNCTAD, chapter 2): the
// multilateral resistances are recovered from the exporter and importer
// fixed effects of PPML fits with the trade costs as an offset (package
// gravity's estimator), first for the conditional equilibrium and then,
// iterating on factory-gate prices, for the full-endowment equilibrium.
//
// Both reproduce the published EU-enlargement case of ge_gravity (WIOD,
// 44 economies, 2000, theta = 4) to 6 significant digits and agree with
// each other to about 1e-10 at tight tolerance (tests TestWIODPublished,
// TestSolversAgree). Both report their
// iterations and the last change in log flows.
//
// # Inputs
//
// Flow tables come from the importers (ReadDOTS, ReadBACI, ReadComtrade,
// ReadLong; they read through package csvfile, and a bad cell is a
// *ParseError naming file:line:column: column), with domestic sales built from GDP where absent (WithDomestic,
// whose error is measured and documented), or from the bundled Central
// Asia baseline (CentralAsiaBaseline: the Head-Mayer-Ries cross-section of
// about 2006 projected to 2023 with World Bank GDP; see the data folder's
// trade/README.md). Shocks are agreements with a partial effect
// (Agreement), tariff changes (Tariff) and per-pair cost ratios
// (CostRatio; TimeCost and DistanceCost convert a route's change in transit
// time or distance, e.g. from package network, into one).
//
// # Policies and uncertainty
//
// A Policy is a set of Measures whose sizes are distributions; a Study
// draws the trade elasticity (DefaultTheta unless stated) and every size,
// solves each draw and summarises per country (Summarize). Integration does
// the same for a scenario's projects per simulation draw and set of
// completed projects, for package sim's integration step.
//
// Result.Warnings holds errors that did not stop a solve; each wraps a
// sentinel (ErrConditional, ErrNonPositiveExpenditure) that errors.Is
// recognises.
//
// # The general counterfactual
//
// [Counterfactual] is the textbook exercise on any flow table, the engine
// of `steppe gravity ge`: conditional general equilibrium (output and
// expenditure held, resistances adjusting; [ConditionalHat], biproportional
// scaling, or GE-PPML with Conditional set) and full-endowment general
// equilibrium, by either solver, under a numeraire ([Numeraire]: world
// output, or a reference economy's factory-gate price or inward
// multilateral resistance, the normalisation of Yotov et al. 2016), with
// each economy's exports, imports, real GDP, factory-gate price, inward
// and outward multilateral resistances, welfare and the
// Arkolakis-Costinot-Rodriguez-Clare formula. Both solvers and an
// independent Newton solve of the market-clearing equations agree to
// 1e-9 on an RTA, border removal and reference-economy numeraires
// (TestCounterfactualIndependent). Tables are read with positions
// ([ReadFlowTable], CSV or Parquet) and written back ([WriteFlowTable]);
// shocks come from shorthands ([ParseAgreementShock], [ParseBorderShock],
// [ParseTariffShock], [ParsePairShock]) or a file ([ReadShockFile]),
// whose partial effects may name coefficients of a first-stage PPML
// estimation ([EstimateBaseline]), whose fitted flows are then the
// baseline.
//
// Every solve reports its largest accounting residual
// (Result.MaxImbalance): flows against output and expenditure. Exact
// balance is guaranteed by additive balances (to the convergence
// tolerance); multiplicative balances on a table with trade imbalances are
// inconsistent, since world expenditure sum_j w_j E_j then differs from
// world output, so some row sums miss w_i Y_i (by 0.33% for a border
// removal on the bundled 2023 table); above ImbalanceWarn a warning
// wrapping ErrUnbalanced says so.
//
// A counterfactual's account is a [Report] ([Study.NewReport]), printed by
// [Report.WriteText] or encoded as JSON after [Report.JSONSafe]; policies
// may be compared with another ([Study.RunAgainst]) rather than with no
// change, and measures built from agreements ([ParseAgreement]), per-pair
// cost ratios ([CostRatioMeasures]) and faster routes ([RouteMeasure]).
package ge
