namespace Gateway.ClusterTest;

/// <summary>One SIGKILL of a run: when (share of jobs final), which node (1-based), restarted after how long.</summary>
public sealed record ClusterKill(double AtShareDone, int Node, double RestartAfterSeconds);
