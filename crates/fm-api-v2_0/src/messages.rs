//! USEF-style message handlers of v2_0 (to come).
