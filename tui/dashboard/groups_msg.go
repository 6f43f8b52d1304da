package dashboard

// GroupsMsg asks the workspace for the group view (tui/groups): how each
// focus group talked.
type GroupsMsg struct{}
