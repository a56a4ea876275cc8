"use server";

import { redirect } from "next/navigation";
import { requestAuth } from "@/lib/next/request-auth";

export async function signOutAction(): Promise<void> {
  await (await requestAuth()).signOut();
  redirect("/sign-in");
}
