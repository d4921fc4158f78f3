namespace Gateway.Media.Transport;

/// <summary>Sees each participant a <see cref="ReceivePass"/> drained, with the clock before and after (slow-step accounting).</summary>
internal interface IReceiveObserver
{
    void OnReceived(IMediaParticipant participant, long startTimestamp, long endTimestamp);
}
