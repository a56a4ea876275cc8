import { redirect } from "next/navigation";
import { currentUser } from "@/lib/next/request-auth";

export default async function Home() {
  redirect((await currentUser()) ? "/dashboard" : "/sign-in");
}
