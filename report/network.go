package report

// PolicyProjects returns the view's policy ids and each one's project ids,
// in the view's order: what model.Cache.NetworkChanges compares.
func (v *View) PolicyProjects() (ids []string, projects [][]string) {
	for _, p := range v.Policies {
		ids, projects = append(ids, p.ID), append(projects, p.Projects)
	}
	return ids, projects
}
