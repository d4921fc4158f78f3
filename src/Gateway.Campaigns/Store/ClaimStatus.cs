namespace Gateway.Campaigns.Store;

public enum ClaimStatus
{
    /// <summary>Leased: place the call.</summary>
    Claimed,

    /// <summary>No longer due, not Pending, campaign not active, or locked by another node.</summary>
    Gone,

    /// <summary>The number is in another call (any campaign).</summary>
    NumberBusy,

    /// <summary>The number was called less than the minimum interval ago.</summary>
    NumberRested,

    /// <summary>The number reached its daily cap for its local day.</summary>
    DailyCapReached,

    /// <summary>Every channel of the trunk is in use.</summary>
    TrunkFull,

    /// <summary>The trunk started its calls-per-second allowance (over all nodes) already.</summary>
    TrunkRateLimited,

    /// <summary>The number is on the do-not-fax list: the job is now Refused (an attempt was recorded, nothing dialed).</summary>
    Refused,
}
