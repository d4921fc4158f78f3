using Gateway.Fax.T30.Frames;

namespace Gateway.Fax.T30;

/// <summary>The resolution and width a page was prepared at; the session may ask for less if the far end cannot take it.</summary>
public readonly record struct T30PageFormat(T30Resolution Resolution, RecordingWidth Width);
